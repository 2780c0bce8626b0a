"""The demo's e-mail: printed to the console as a person reads it, not as it travels."""

from django.core.mail.backends.console import EmailBackend


class ConsoleBackend(EmailBackend):
    """Django's console backend prints the message as sent, with quoted-printable soft line
    breaks (`=` at the end of a line) inside long links, so a confirmation link cannot be
    clicked or copied from the terminal. This one prints the headers a reader needs and the
    text body as written."""

    def write_message(self, message):
        self.stream.write(
            f"From: {message.from_email}\n"
            f"To: {', '.join(message.to)}\n"
            f"Subject: {message.subject}\n\n"
            f"{message.body}\n"
        )
        self.stream.write("-" * 79 + "\n")
