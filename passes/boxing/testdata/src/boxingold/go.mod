module example.com/boxingold

go 1.20
