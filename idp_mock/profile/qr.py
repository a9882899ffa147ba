"""A QR code as a small inline SVG path: no image request, no JavaScript, no inline style."""

import qrcode


def svg_path(data: str) -> tuple[int, str]:
    """The code's size in modules (quiet zone included) and one path drawing its dark ones."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    squares = [
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    ]
    return len(matrix), "".join(squares)
