module example.com/mapptrmod

go 1.21
