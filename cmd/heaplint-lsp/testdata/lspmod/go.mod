module example.com/lspmod

go 1.26.0
