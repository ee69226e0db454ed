module ratelimiter

go 1.19
