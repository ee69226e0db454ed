module clusternode

go 1.19
