## Referrals to partner organisations, with the resident's consent (issue 21)

## The department's group
staff-refer = 🤝 Refer to a partner
referral-choose = Which partner should request No. { $number } go to? The partner gets only the name, the phone and what is needed — and only once the resident agrees.
referral-no-partners = No partner in this community takes referrals for this service.
referral-refused-not-a-partner = This organisation does not take referrals.
referral-refused-not-offered = This partner does not take referrals for this service.
referral-refused-already-active = The request is already referred to a partner: wait for its answer.
referral-refused-closed = The request is closed: it cannot be referred.
referral-refused-no-resident = The resident has deleted their data: their consent cannot be asked.
referral-asked-done = We asked the resident. The partner gets nothing before a «yes».
referral-card-line = 🤝 { $partner }: { $status } ({ $date })
referral-card-reason = The partner's reason: { $reason }
referral-status-asked = waiting for the resident's consent
referral-status-refused = the resident did not agree
referral-status-sent = sent, waiting for the partner
referral-status-accepted = the partner accepted
referral-status-declined = the partner declined
referral-status-done = the partner gave the help
referral-status-returned = no answer from the partner, returned
referral-status-withdrawn = withdrawn
referral-dept-sent = 🤝 The resident agreed: referral No. { $number } was sent to «{ $partner }».
referral-dept-refused = 🤝 The resident did not agree to their data going to «{ $partner }». Request No. { $number } stays with the department.
referral-dept-accepted = 🤝 «{ $partner }» accepted referral No. { $number }.
referral-dept-declined = 🤝 «{ $partner }» declined referral No. { $number }. The request stays with the department.
    Reason: { $reason }
referral-dept-done = 🤝 «{ $partner }» report that the help for No. { $number } was given. The request is closed; the resident was asked whether it helped.
referral-dept-returned = ⏰ «{ $partner }» did not answer referral No. { $number } within { $days } working days: the request is yours again. Contact the resident or refer it to another partner.
referral-stats = 🤝 Referrals to partners in the last 30 days:
    { $lines }
referral-stats-line = { $partner } — { $total }: accepted { $accepted }, help given { $done }, declined { $declined }, no answer { $returned }, residents did not agree { $refused }

## The resident
referral-consent-question = To get you help sooner, the staff suggest passing request <b>No. { $number }</b> ({ $service }) to «{ $partner }».

    Do you agree that «{ $partner }» receive your name, your phone number and what you need? We will pass on nothing else.
referral-consent-yes = ✅ Yes, I agree
referral-consent-no = ❌ No, don't pass it on
referral-consent-thanks = Thank you! Your name, phone number and what you need went to «{ $partner }» (request <b>No. { $number }</b>). They will contact you.
referral-consent-kept = All right, nothing is passed on. The department's staff keep working on your request <b>No. { $number }</b>.
referral-consent-stale = This question is no longer open.
referral-resident-accepted = 🤝 «{ $partner }» accepted your request <b>No. { $number }</b> and will contact you.
referral-resident-declined = Unfortunately, «{ $partner }» cannot help with request <b>No. { $number }</b>. The department's staff keep working on it.
referral-resident-done = ✅ «{ $partner }» report that the help for request <b>No. { $number }</b> was given.
referral-resident-returned = «{ $partner }» have not answered about request <b>No. { $number }</b> yet, so the department's staff are working on it again.
my-referral-line = 🤝 { $partner }: { $status }, { $date }
my-referral-status-asked = waiting for your consent
my-referral-status-refused = you did not agree
my-referral-status-sent = passed on, waiting for an answer
my-referral-status-accepted = accepted
my-referral-status-declined = could not help
my-referral-status-done = help given
my-referral-status-returned = back with the department
my-referral-status-withdrawn = cancelled

## The partner's group
referral-partner-title = 🤝 <b>Referral No. { $number }</b>
referral-partner-from = From: { $department }
referral-partner-service = Service: { $service }
referral-partner-name = Name: { $name }
referral-partner-phone = Phone: { $phone }
referral-partner-no-phone = Phone: not given — answer through the department.
referral-partner-need = What is needed: { $details }
referral-partner-consent = The resident agreed that you receive these details.
referral-partner-status = Status: <b>{ $status }</b>
referral-partner-due = Please answer by { $date }.
referral-partner-hidden = The resident's details are no longer shown.
referral-partner-erased = The resident's details were deleted.
referral-partner-status-asked = waiting for the resident's consent
referral-partner-status-refused = the resident did not agree
referral-partner-status-sent = waiting for your answer
referral-partner-status-accepted = accepted
referral-partner-status-declined = you declined
referral-partner-status-done = help given
referral-partner-status-returned = returned to the department (no answer)
referral-partner-status-withdrawn = withdrawn
referral-accept = ✅ Accept
referral-decline = ⛔ Decline
referral-done = ✔️ Help given
referral-decline-prompt = Why do you decline referral No. { $number }? Write it as a reply to this message — only the department's staff will see the reason.
referral-declined-ok = The decline went to the department.
referral-accepted-ok = Accepted. Please phone the resident.
referral-done-ok = Thank you! We will ask the resident whether it helped.
referral-foreign = This referral was sent to another organisation.
referral-not-staff = Only the partner organisation's staff can act on referrals.
referral-stale = The referral has changed already.
referral-reason-too-long = The reason is too long: at most { $max } characters.
referral-partner-only = A partner's group has only the referrals sent to your organisation. /help — what you can do here, /stats — your referrals.
referral-partner-help = <b>Referrals from the department of social policy</b>
    A referral card comes here only once the resident agrees: their name, phone number and what is needed.
    Under the card: ✅ Accept, ⛔ Decline (with a reason), ✔️ Help given.
    Without an answer within { $days } working days, the referral goes back to the department.
    /stats — your referrals in the last 30 days.
referral-partner-stats = 🤝 Your referrals in the last 30 days: { $total }
    { $lines }

## The public report
report-referrals-caption = Referrals to partner organisations (with residents' consent)
report-referrals-partner = Partner
report-referrals-total = Referred
report-referrals-refused = Residents did not agree
report-referrals-accepted = Accepted, in progress
report-referrals-declined = Partner declined
report-referrals-done = Help given
report-referrals-returned = No answer in time
report-referrals-pending = Waiting for an answer
report-referrals-other = Other partners
