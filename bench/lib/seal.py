"""What the sealed-document benches share (bench/minutes.py,
bench/counting_record.py): a throw-away seal key, timing a function over
inputs, and the lines that compare it with the one-page baseline.
Import after ``django.setup()``."""

import os
import statistics
import time
from pathlib import Path

from django.conf import settings

from signing import sealing


def use_temporary_seal(work: Path) -> None:
    """Seal with a new key and certificate under ``work``; store files there."""
    settings.SIGNING_KEY_PATH = str(work / "key.pem")
    settings.SIGNING_CERT_PATH = str(work / "cert.pem")
    settings.SIGNING_CERT_HISTORY_DIR = str(work / "history")
    settings.MEDIA_ROOT = work / "media"
    sealing.create_certificate(
        key_path=work / "key.pem",
        cert_path=work / "cert.pem",
        common_name="Bench seal",
        organization="Hội nghị bench",
    )


def timed(function, inputs) -> tuple[list[float], list[float], list]:
    """Wall-clock and CPU seconds of ``function(*item)`` for each item, and
    what it returned (CPU time shows the work when the machine is shared)."""
    wall, cpu, out = [], [], []
    for item in inputs:
        start, start_cpu = time.perf_counter(), time.process_time()
        out.append(function(*item))
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu, out


def report(name: str, what: str, ours: tuple, base: tuple) -> None:
    """Median, min and max of ours and of the baseline, CPU and the ratio;
    ``ours`` and ``base`` are (wall, cpu) lists from ``timed``."""
    (wall, cpu), (base_wall, base_cpu) = ours, base
    print(
        f"{what}: median {statistics.median(wall):.3f} s "
        f"(min {min(wall):.3f}, max {max(wall):.3f}, n={len(wall)})"
    )
    print(
        f"baseline one page render+seal: median {statistics.median(base_wall):.3f} s "
        f"(min {min(base_wall):.3f}, max {max(base_wall):.3f}, n={len(base_wall)})"
    )
    print(
        f"CPU seconds: {name} median {statistics.median(cpu):.3f}, "
        f"baseline median {statistics.median(base_cpu):.3f}"
    )
    print(f"ratio {statistics.median(wall) / statistics.median(base_wall):.2f}x; goal < 1 s")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
