# The staff inbox (issue 15): copies, transfers, delivery, groups that move.

staff-card-superseded = This card is out of date: the current one is further down in the group.
staff-copy-erased = 🗑 The resident's message about No. { $number } has been erased (personal data protection).
