module example.com/dynmakemod

go 1.24
