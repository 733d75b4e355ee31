"""Prints, for each file given, the SHA-256 of every encapsulated frame as pydicom splits them."""
import hashlib
import json
import sys

import pydicom
from pydicom.encaps import generate_pixel_data_frame

result = {}
for path in sys.argv[1:]:
    ds = pydicom.dcmread(path)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    result[path] = [hashlib.sha256(f).hexdigest() for f in generate_pixel_data_frame(ds.PixelData, frames)]
print(json.dumps(result))
