"""WeasyPrint with a CJK font: the cost behind every certificate and review report."""
import statistics
import time

from weasyprint import HTML

PAGE = """<html lang="zh-CN"><head><style>
@page { size: A4; margin: 20mm }
body { font-family: "Noto Serif CJK SC", serif; text-align: center }
h1 { font-size: 32pt; margin-top: 60mm }
</style></head><body><h1>荣誉证书</h1><p>滨州市市长质量奖 · 组织奖</p><p>证书编号 BZ-2026-001</p></body></html>"""


def bench_render_chinese_a4_page():
    """Renders a one-page Chinese A4 document several times; the first render loads the fonts."""
    timings = []
    size = 0
    for _ in range(5):
        started = time.perf_counter()
        size = len(HTML(string=PAGE).write_pdf())
        timings.append(time.perf_counter() - started)
    return {
        "first render (s)": timings[0],
        "median later render (s)": statistics.median(timings[1:]),
        "pdf size (bytes)": size,
    }
