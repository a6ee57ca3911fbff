"""Chinese sentence splitting by rule.

A sentence ends at 。！？!?；; (runs of them count once) or at an ellipsis ……; closing quotes
and brackets that follow stay with it. ASCII ``.`` ends a sentence only after a Han character
and before a space, a Han character or the end, so numbers (3.5, 2020.12) are never split.
"""

from __future__ import annotations

import regex

SIGNATURE = "zh-rules-1"

#: Characters that end a Chinese sentence (runs count once), and closers that stay with it.
END_MARKS = "。！？!?；;｡"
CLOSERS = r"[”’」』）)】》〉\]\"'〕｝}]"
_END = rf"(?:[{END_MARKS}]+|[…⋯]+|(?<=\p{{Han}})\.(?=\s|\p{{Han}}|$))[{END_MARKS}…⋯]*{CLOSERS}*"
_SENTENCE = regex.compile(rf".*?(?:{_END}|$)", flags=regex.S)


def split_sentences(paragraph: str) -> list[str]:
    """Split a Chinese paragraph into sentences.

    >>> split_sentences("他指出，创新是第一动力。保护知识产权就是保护创新！")
    ['他指出，创新是第一动力。', '保护知识产权就是保护创新！']
    >>> split_sentences("他说：“好。”然后离开……大家笑了。增长3.5%。")
    ['他说：“好。”', '然后离开……', '大家笑了。', '增长3.5%。']
    """
    sentences = []
    for match in _SENTENCE.finditer(paragraph):
        sentence = match.group().strip()
        if sentence:
            sentences.append(sentence)
    return sentences
