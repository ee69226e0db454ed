module lrucache

go 1.19
