"""A compositor that redraws only the widgets under the regions that changed.

Textual's partial update renders every widget that touches the *bounding box* of the changed
regions, each in full. While typing, the header's count (top row) and the list and detail
(below) changed: the box was the whole screen, so the filter pane, the footer and their scroll
bars were drawn again from their caches on every key (~2 ms a frame at 120x40). Here a widget
is drawn only when a changed region overlaps it, and only its rows under those regions; what
reaches the terminal is the same (the changed spans, as before).
"""

from __future__ import annotations

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


class ChangedOnlyCompositor(Compositor):
    """``Compositor`` whose partial updates draw only the widgets under the changed regions."""

    def render_partial_update(self) -> ChopsUpdate | None:
        screen = self.size.region
        changed = [r.intersection(screen) for r in self._dirty_regions]
        self._dirty_regions.clear()
        changed = [r for r in changed if r]
        if not changed:
            return None
        spans = list(self._regions_to_spans(changed))
        is_rendered_line = {y for y, _, _ in spans}.__contains__
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        # Front to back, as Compositor._render_chops: the first strip for a cut wins.
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            if not shown:
                continue
            top, bottom = shown.bottom, shown.y
            for area in changed:
                overlap = shown.intersection(area)
                if overlap:
                    top, bottom = min(top, overlap.y), max(bottom, overlap.bottom)
            if top >= bottom:
                continue  # nothing changed over this widget
            # Whole columns, only the changed rows: the cuts stay those of the full render.
            part = Region(shown.x, top, shown.width, bottom - top)
            strips = widget.render_lines(
                Region(part.x - region.x, part.y - region.y, part.width, part.height)
            )
            first_cut, last_cut = part.column_span
            for y, strip in zip(part.line_range, strips, strict=False):
                if not is_rendered_line(y):
                    continue
                line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                pieces = strip.divide([cut - part.x for cut in final_cuts[1:]])
                for cut, piece in zip(final_cuts, pieces, strict=False):
                    if line.get(cut) is None:
                        line[cut] = piece
        return ChopsUpdate(chops, spans, [cut_set[1:] for cut_set in cuts])
