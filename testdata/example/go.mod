module example.com/heaplintexample

go 1.26.0
