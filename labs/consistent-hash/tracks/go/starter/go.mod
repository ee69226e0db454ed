module consistenthash

go 1.19
