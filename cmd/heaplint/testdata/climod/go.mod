module example.com/climod

go 1.26
