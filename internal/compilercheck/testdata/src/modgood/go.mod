module modgood

go 1.26
