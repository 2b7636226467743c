"""A list row drawn straight into a Strip (the fast path) shows what its Text would."""

from __future__ import annotations

from paperterm.models import Marks
from tests.tui.conftest import main, search_for, settle


def cells(strip) -> list[tuple[str, object]]:
    return [(char, segment.style) for segment in strip for char in segment.text]


async def test_fast_rows_equal_the_text_rows_at_every_width(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "model")  # match highlights in the titles
        screen = main(app)
        plist = screen.paper_list
        keys = [plist.hit_at(i).paper.key for i in range(plist.row_count)]
        screen.marks = Marks(read=set(keys[::3]), bookmarked=set(keys[::4]), new=set(keys[::5]))
        await settle(pilot)
        drawn = 0
        for focused in (screen.search_input, plist):
            focused.focus()
            await settle(pilot)
            base = plist.base_style
            for width in (100, 61, 59, 40, 31, 29, 12, 6, 4):
                for row in range(len(keys)):
                    for cursor in (False, True):
                        fast = plist.row_strip(row, width, cursor, base)
                        if fast is None:
                            continue  # too narrow, or not plain ASCII: drawn from the Text
                        text = plist._to_strip(plist.render_row(row, width, cursor), width, base)
                        assert cells(fast) == cells(text), (row, width, cursor)
                        assert fast.cell_length == width
                        drawn += 1
        assert drawn > len(keys) * 20  # the fast path is the common one
