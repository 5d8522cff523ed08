"""Times androguard 4.1.4 on the benchmark APK, for the README's reference figure: what a server-side
tool spends to get the same facts (the manifest, and every DEX parsed into classes and methods, as
exodus-core and MobSF do through androguard). Run with a venv that has androguard==4.1.4:

usage: python bench_androguard.py APK"""
import resource
import sys
import time

from loguru import logger

logger.remove()
from androguard.core.apk import APK  # noqa: E402
from androguard.core.dex import DEX  # noqa: E402

path = sys.argv[1]
started = time.perf_counter()
apk = APK(path)
classes = 0
for data in apk.get_all_dex():
    d = DEX(data)
    classes += len(d.get_classes())
    del d
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"androguard: {elapsed:.1f} s, {classes} classes, package {apk.get_package()}, peak resident {peak:.0f} MiB")
