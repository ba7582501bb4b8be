module libcallold

go 1.22
