module example.com/jsonanymod

go 1.21
