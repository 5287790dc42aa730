## Request: a phone number typed among other words

req-phone-several = There are several different numbers here. Please write one: the number we should call you on.
req-phone-none = No phone? Write "no phone" or tap "🔕 Don't call, write only here".
