# English.

start-greeting =
    Hello, { $name }! 👋
    I am your community's social services assistant.
    I will tell you who can help and pass your request to the right department.
