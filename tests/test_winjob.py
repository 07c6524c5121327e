"""The Windows job object's limits, laid out once for the LibreOffice guard and the template worker's wall."""

from __future__ import annotations

from yn_forms.render.winjob import KILL_ON_JOB_CLOSE, PROCESS_MEMORY, extended_limits


def test_the_limits_carry_the_flag_and_the_memory_asked_for():
    kill = extended_limits(KILL_ON_JOB_CLOSE)
    assert kill.BasicLimitInformation.LimitFlags == 0x2000 and kill.ProcessMemoryLimit == 0
    capped = extended_limits(PROCESS_MEMORY, 384 * 1024 * 1024)
    assert capped.BasicLimitInformation.LimitFlags == 0x100 and capped.ProcessMemoryLimit == 384 * 1024 * 1024
