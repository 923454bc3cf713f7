#!/usr/bin/env python3
"""Write the class-balanced Fashion-MNIST subset that NasDsl ships in data/fashion-mnist-subset/.

Takes the first 1,000 training and the first 200 test images of each class, in file order, from the
IDX files of the Debian package (apt-get install dataset-fashion-mnist) and writes them, still in file
order, as IDX .gz files with the original names. Standard library only; the output is byte-identical on
every run (gzip mtime 0, no file name in the header), so re-running it leaves git clean.

usage: tools/make-fashion-mnist-subset.py [SOURCE_DIR] [OUT_DIR]
"""
import gzip
import struct
import sys
from pathlib import Path

CLASSES = 10
PER_CLASS = {"train": 1000, "t10k": 200}


def read_idx(path, magic):
    data = gzip.decompress(path.read_bytes())
    found, = struct.unpack(">I", data[:4])
    if found != magic:
        sys.exit(f"{path}: expected magic {magic:#010x}, found {found:#010x}")
    dims = found & 0xFF  # the low byte of an IDX magic number is the rank
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def write_idx(path, magic, shape, body):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * len(shape), *shape)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(header + body)


def main():
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent / "data" / "fashion-mnist-subset")
    out.mkdir(parents=True, exist_ok=True)
    for split, per_class in PER_CLASS.items():
        (n, rows, cols), images = read_idx(source / f"{split}-images-idx3-ubyte.gz", 0x803)
        (n_labels,), labels = read_idx(source / f"{split}-labels-idx1-ubyte.gz", 0x801)
        if n != n_labels:
            sys.exit(f"{split}: {n} images but {n_labels} labels")
        size = rows * cols
        taken = [0] * CLASSES
        keep = []
        for i, label in enumerate(labels):
            if taken[label] < per_class:
                taken[label] += 1
                keep.append(i)
        if any(t != per_class for t in taken):
            sys.exit(f"{split}: not enough samples per class: {taken}")
        write_idx(out / f"{split}-images-idx3-ubyte.gz", 0x803, (len(keep), rows, cols),
                  b"".join(images[i * size:(i + 1) * size] for i in keep))
        write_idx(out / f"{split}-labels-idx1-ubyte.gz", 0x801, (len(keep),), bytes(labels[i] for i in keep))
        print(f"{split}: {len(keep)} of {n} samples, {per_class} per class")


if __name__ == "__main__":
    main()
