module example.com/boxingmod

go 1.22
