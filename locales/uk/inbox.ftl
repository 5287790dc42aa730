# The staff inbox (issue 15): copies, transfers, delivery, groups that move.

staff-card-superseded = Ця картка застаріла: актуальна — нижче в групі.
staff-copy-erased = 🗑 Повідомлення мешканця до № { $number } стерто (захист персональних даних).
