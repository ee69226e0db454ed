module loadbalancer

go 1.19
