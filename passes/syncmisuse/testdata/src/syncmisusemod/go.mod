module example.com/syncmisusemod

go 1.21
