module cacheaside

go 1.19
