"""A Windows job object's extended limits (``JOBOBJECT_EXTENDED_LIMIT_INFORMATION``) as kernel32 lays
them out, in one place: the LibreOffice guard sets kill-on-close with it (``render.office_process``), the
template worker's wall a per-process memory limit (``render.walls``). Used on Windows only."""

from __future__ import annotations

import ctypes

EXTENDED_LIMIT_INFORMATION = 9  # JobObjectExtendedLimitInformation
KILL_ON_JOB_CLOSE = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
PROCESS_MEMORY = 0x100  # JOB_OBJECT_LIMIT_PROCESS_MEMORY


def extended_limits(flags: int, process_memory: int = 0) -> ctypes.Structure:
    """The structure ``SetInformationJobObject`` takes, with *flags* and *process_memory* set."""
    from ctypes import wintypes

    class BasicLimits(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                    ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                    ("SchedulingClass", wintypes.DWORD)]

    class IoCounters(ctypes.Structure):
        _fields_ = [(name, ctypes.c_uint64) for name in ("ReadOperationCount", "WriteOperationCount",
                                                        "OtherOperationCount", "ReadTransferCount",
                                                        "WriteTransferCount", "OtherTransferCount")]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", IoCounters),
                    ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

    limits = ExtendedLimits()
    limits.BasicLimitInformation.LimitFlags = flags
    limits.ProcessMemoryLimit = process_memory
    return limits
