"""Every geometric tolerance the PDF reader uses, named, in one place.

Sizes are in PDF points or in *em* (the line's CJK character width, i.e. its font size), never
in a producer's font boxes, which differ widely between WPS, Word, Excel and LibreOffice output.
A layout that reads wrong is tuned here, with a name that says what the number decides.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PdfSettings:
    # -- characters → words → lines --------------------------------------------------------
    #: Characters whose baselines differ by at most this fraction of their size share a line.
    baseline_tolerance: float = 0.3
    #: A character's box from its baseline: this many em above it …
    ascent: float = 0.88
    #: … and this many em below it.
    descent: float = 0.12
    #: Characters closer than this many em join one word.
    word_gap: float = 0.3
    #: A number touching text (or two numbers the text layer spaced) split at a gap over this (pt).
    split_gap: float = 1.0
    #: Letter-spaced words (``合   计``) have gaps of up to this many em between their characters.
    spaced_gap: float = 4.0
    #: … and two single characters that together make such a word (项 目), this many em apart at most.
    spaced_pair_gap: float = 10.0
    #: Characters smaller than this (pt) are invisible marks, not text.
    min_char_size: float = 0.1

    #: A page number sits within this fraction of the page width of its centre …
    page_number_centre: float = 0.12
    #: … or further than this many line heights from the line next to it.
    page_number_gap: float = 2.5

    #: Quote marks on a baseline of their own within this many line heights belong to the line.
    same_line_quotes: float = 0.6
    #: A title's wrapped second line follows within this many line heights.
    title_wrap_gap: float = 1.0

    # -- horizontal rules -----------------------------------------------------------------
    #: A path thinner than this (pt) is a rule …
    rule_thickness: float = 2.5
    #: … when it is longer than this (pt).
    rule_min_length: float = 8.0
    #: Rules closer than this (pt) are one rule (a double stroke).
    rule_merge: float = 1.0
    #: A rectangle wider and taller than this fraction of the page is a background, not a cell.
    background: float = 0.8
    #: Rules this far (pt) above the first or below the last body line still bound its rows.
    rule_reach: float = 30.0

    # -- the header -----------------------------------------------------------------------
    #: A header word heads a lower word it overlaps by this fraction of the narrower of the two.
    group_cover: float = 0.5
    #: Header pieces of one cell lie within this many em of each other vertically.
    header_wrap_distance: float = 1.8
    #: Two header pieces are centred on each other when their centres differ by this fraction of the wider.
    header_centred: float = 0.25
    #: … and they overlap by this fraction of the narrower.
    header_overlap: float = 0.4
    #: A left-aligned header wrapped in its cell starts within this many em of the line above.
    header_wrap_indent: float = 0.3
    #: Slack (pt) when comparing header edges (a group header sits above what it heads).
    edge_slack: float = 1.0
    #: A table that ends on a line it cannot place is watched for this many lines after: if at least
    #: ``cut_rows`` of them fit its columns with figures, it was cut short and is said so.
    cut_watch: int = 5
    cut_rows: int = 2

    # -- a ruled header (lattice) ---------------------------------------------------------
    #: Slack (pt) when deciding that a rule passes a word or reaches a line.
    cell_slack: float = 1.5
    #: Column borders may start this many line heights below the header (under a first row printed
    #: across two columns, such as 收入总计 over 类别 and 项目).
    boundary_reach: float = 3.0
    #: Column borders closer than this (pt) are one border (a double stroke, a shaded cell's edge).
    min_cell_width: float = 9.0
    #: Two words on one line of a cell further apart than this many em are two headers.
    cell_word_gap: float = 2.0

    # -- body -----------------------------------------------------------------------------
    #: Text may run this far (pt) into the next non-text column and still be in its own cell.
    text_overrun: float = 15.0
    #: Beyond the last column, text up to this far (pt) can still be a cell of the table.
    right_margin: float = 40.0
    #: A name piece just above the first body line is within this many line heights of it.
    name_above_gap: float = 1.2
    #: A line of figures set off its row's baseline by less than this fraction of a line height
    #: belongs to that row.
    offset_row: float = 0.75
    #: Rows of two lists of a summary within this fraction of a line height are one printed row.
    same_row: float = 0.5
    #: Two words on one line (for joining a wrapped name) differ in centre by less than this
    #: fraction of their height.
    same_line: float = 0.3
    #: A wrapped piece of a row's name lies within this many line heights of the row's line.
    wrap_reach: float = 1.6

    #: A character drawn again within this distance (pt) of the same character is one character
    #: printed bold by overprinting (pdftotext drops the copies too).
    overprint: float = 1.0

    # -- page furniture -------------------------------------------------------------------
    #: A line printed first (or last) on at least this many pages alike is a running head (or foot).
    running_head_pages: int = 3
    #: … and holds at least this many letters: a table's wrapped last line (``2 支出``, ``金``) may end
    #: several pages alike when tables of the same rows break at the same row, and is no running foot.
    running_head_letters: int = 4

    # -- notes ----------------------------------------------------------------------------
    #: A note's wrapped line starts within this distance (pt) of the note's first line …
    note_indent: float = 30.0
    #: … and follows it within this many line heights.
    note_line_gap: float = 1.6


SETTINGS = PdfSettings()
