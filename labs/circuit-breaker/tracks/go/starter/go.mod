module circuitbreaker

go 1.19
