module example.com/nestedmapmod

go 1.23
