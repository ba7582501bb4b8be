module example.com/unsizedmakemod

go 1.20
