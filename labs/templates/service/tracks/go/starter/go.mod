module lab

go 1.19
