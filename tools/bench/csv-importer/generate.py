"""Writes the benchmark CSV: a header and N rows of 10 columns (id, epoch ms time, 8 decimals)."""
import random
import sys

path, rows = sys.argv[1], int(sys.argv[2])
random.seed(1)
with open(path, "w") as f:
    f.write("id,time," + ",".join(f"c{j}" for j in range(8)) + "\n")
    for i in range(rows):
        values = ",".join(str(round(random.random() * 1000, 3)) for _ in range(8))
        f.write(f"{i},{1700000000000 + i},{values}\n")
