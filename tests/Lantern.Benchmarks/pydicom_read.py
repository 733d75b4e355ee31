"""pydicom side of the Lantern read benchmark; run with Debian's /usr/bin/python3 (pydicom + numpy).

usage: pydicom_read.py --headers|--full DIR WARMUP_PASSES TIMED_PASSES

Reads every CT*.dcm file of DIR per pass: --headers with dcmread(stop_before_pixels=True),
--full with dcmread and pixel_array (the pixel data decoded into a numpy array). Prints one line
"pass FILES SECONDS CPU_SECONDS CHECKSUM" per timed pass, then "versions pydicom=X numpy=Y python=Z".
"""
import os
import sys
import time

import numpy
import pydicom


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    warmup, timed = int(sys.argv[3]), int(sys.argv[4])
    if mode not in ("--headers", "--full"):
        sys.exit("mode must be --headers or --full")
    files = sorted(
        os.path.join(directory, name)
        for name in os.listdir(directory)
        if name.startswith("CT") and name.endswith(".dcm")
    )

    def one_pass():
        checksum = 0
        if mode == "--headers":
            for path in files:
                ds = pydicom.dcmread(path, stop_before_pixels=True)
                checksum += len(ds)
        else:
            for path in files:
                ds = pydicom.dcmread(path)
                pixels = ds.pixel_array
                checksum += len(ds) + pixels.size + int(pixels[0, 0]) + int(pixels[-1, -1])
        return checksum

    for _ in range(warmup):
        one_pass()
    for _ in range(timed):
        started, cpu_started = time.perf_counter(), time.process_time()
        checksum = one_pass()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        print(f"pass {len(files)} {seconds:.6f} {cpu:.6f} {checksum}")
    python = ".".join(str(part) for part in sys.version_info[:3])
    print(f"versions pydicom={pydicom.__version__} numpy={numpy.__version__} python={python}")


if __name__ == "__main__":
    main()
