module saga

go 1.19
