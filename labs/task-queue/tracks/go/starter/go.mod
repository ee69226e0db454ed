module taskqueue

go 1.19
