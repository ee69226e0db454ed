module retrybackoff

go 1.19
