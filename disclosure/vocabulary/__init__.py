"""The printed vocabulary of disclosures: the words and shapes every reader and rule recognises.

One place for what a disclosure prints around its figures: total rows (合计, 本年收入合计 …),
numbered items (一、 1. （一） 其中：), notes (注：…), units (单位：万元), preamble lines
(编制部门：…), header roles (类/款/项, 科目编码, 科目名称, 栏次), the lengths of classification
codes, the 三公 items, and the storage prefixes of the upload layout.  A new region's wording is a
change here, not a branch in a reader or a rule.

The package holds one module per kind of word: :mod:`.codes`, :mod:`.rows`, :mod:`.layout` (lines
around tables), :mod:`.headers`, :mod:`.titles`, :mod:`.three_public`, :mod:`.cells`,
:mod:`.narrative` (the 说明's phrasings, imported from there by name), :mod:`.meta` (who published a
document, its code, year and cover, as printed), :mod:`.names` (regions, bodies' names and the units a
budget covers) and :mod:`.storage`.  Every other module asks here; a test fails when a regular
expression with a Chinese literal appears elsewhere (``tests/test_vocabulary_place.py``).
"""

from __future__ import annotations

from .cells import (  # noqa: F401  (re-exported: the vocabulary is asked for by name)
    EMPTY_CELLS,
    PART_NARRATIVE,
    PART_PERFORMANCE,
    PART_TABLES,
    UNITS,
)
from .codes import (  # noqa: F401  (re-exported: the vocabulary is asked for by name)
    CODE_LENGTHS,
    CODE_STEP,
    ECONOMIC_CLASS_RE,
    ECONOMIC_CODE_LENGTHS,
    FORMER_CLASS_NAMES,
    FUNCTION_CODE_LENGTHS,
)
from .headers import (  # noqa: F401  (re-exported: the vocabulary is asked for by name)
    CARRIED_IN_HEADER_RE,
    CODE_COLUMN_RE,
    CODE_HEADER_RE,
    CODE_PART_HEADERS,
    COLUMN_NUMBER_LABELS,
    COMPARISON_HEADER_RE,
    HEADER_QUALIFIER_RE,
    HEADER_YEAR_RE,
    ITEM_HEADER_RE,
    NAME_HEADER_RE,
    OF_WHICH_PREFIX_RE,
    OF_WHICH_RE,
    OTHER_PERIOD_RE,
    PERIOD_HEADER_RE,
    RATIO_HEADER_RE,
    ROW_NUMBER_HEADERS,
    TEXT_HEADER_RE,
    TOTAL_HEADER_RE,
    UNIT_CODE_HEADER_RE,
    UNIT_NAME_HEADER_RE,
    USE_GROUP_HEADER_RE,
    header_core,
)
from .layout import (  # noqa: F401  (re-exported: the vocabulary is asked for by name)
    CONTINUED_RE,
    DEPARTMENT_LINE_RE,
    EXPENDITURE_SIDE_RE,
    NOTE_RE,
    OTHER_TABLE_TITLE_RE,
    PAGE_NUMBER_RE,
    PART_HEADING_RE,
    PERFORMANCE_TITLE_RE,
    PREAMBLE_RE,
    PREPARER_LINE_RE,
    TABLE_LABEL_RE,
    TABLE_NUMBER_RE,
    TOC_HEADING_RE,
    UNIT_RE,
)
from .meta import (  # noqa: F401  (re-exported: the vocabulary is asked for by name)
    COVER_RE,
    COVER_YEAR_FIRST_RE,
    DEPARTMENT_CODE_RES,
    DEPARTMENT_NAME_RES,
    GENERIC_DEPARTMENT_NAMES,
    HEBEI_CODE_LINE_RE,
    NARRATIVE_MARKS_RE,
    PART_ONE_NAME_RE,
    TABLES_ELSEWHERE_RE,
    TITLE_DEPARTMENT_NAME_RE,
    TITLE_YEAR_RE,
    YEAR_RES,
)
from .names import (  # noqa: F401  (re-exported: the vocabulary is asked for by name)
    BODY_NAME_PREFIX_RE,
    CHINESE_DIGITS,
    FORM_CITY_RE,
    FORM_DISTRICT_RE,
    NOT_A_UNIT_RE,
    OWN_AND_MORE_RE,
    OWN_PART_RE,
    OWN_UNIT_RE,
    PLACEHOLDER_NAME_RE,
    REGION_PREFIX_RE,
    ROSTER_LIST_START_RE,
    ROSTER_SCOPE_RE,
    ROSTER_SECTION_END_RE,
    SAME_NAME_WORDS,
    UNIT_COUNT,
)
from .rows import (  # noqa: F401  (re-exported: the vocabulary is asked for by name)
    ASSET_ROW_RE,
    BARE_GRAND_TOTAL_NAMES,
    CARRYOVER_LINE_RE,
    COLUMN_NUMBER_ROW_RE,
    EMPTY_BODY_WORDS,
    EMPTY_MARKERS,
    ENUM_RE,
    GRAND_TOTAL_RE,
    ITEM_END_RE,
    ITEM_MARKER_RE,
    ITEM_START_RE,
    NUMBERING_PREFIX_RE,
    ORDINAL_ITEM_RE,
    ORDINAL_PREFIX_RE,
    PROCUREMENT_CATEGORY_RE,
    SIDE_GRAND_TOTAL_RES,
    SPACED_COLUMN_NUMBER_RE,
    SPACED_TOTAL_NAME_RE,
    SPACED_TOTAL_START_RE,
    SPACED_WORDS,
    SUB_ITEM_RANKS,
    SUB_ITEM_RE,
    SUMMARY_INCOME_COLUMNS,
    SUMMARY_ITEM_ROW_RE,
    SUMMARY_TO_INCOME,
    THIS_YEAR_TOTAL_RES,
    TOP_ITEM_RE,
    TOTAL_ROW_NOT_TITLE_RE,
    TOTAL_ROW_RE,
    USE_ITEM_RE,
)
from .storage import (  # noqa: F401  (re-exported: the vocabulary is asked for by name)
    DOCS,
    INCOMING,
    INDEX,
    RESULTS,
    TABLES,
)
from .three_public import (  # noqa: F401  (re-exported: the vocabulary is asked for by name)
    CAR_HEADING_RE,
    THREE_PUBLIC_EXTRA_ITEMS,
    THREE_PUBLIC_HEADING,
    THREE_PUBLIC_HEADING_RE,
    THREE_PUBLIC_ITEMS,
    THREE_PUBLIC_LINE_ROLES,
    THREE_PUBLIC_SUBTOTAL,
    THREE_PUBLIC_SUBTOTAL_RE,
)
from .titles import (  # noqa: F401  (re-exported: the vocabulary is asked for by name)
    ECONOMIC_QUALIFIER_RE,
    FUNCTION_QUALIFIER_RE,
    TITLE_CONTENTS,
    TITLE_NUMBER_PREFIX_RE,
    TITLE_SCOPES,
    TITLE_TAIL_RE,
    TITLE_YEAR_PREFIX_RE,
)
