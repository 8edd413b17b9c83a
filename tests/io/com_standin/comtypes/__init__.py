"""A stand-in for comtypes on Linux, where no COM exists: only what office_com.py uses, recording each use.

tests/io/test_import_com.py puts this folder first on the converter child's PYTHONPATH; the real comtypes
is installed on Windows only. What the Office program does is played from the JSON in $COM_STANDIN.
"""


class COMError(Exception):
    """comtypes.COMError: what a COM call raises when the program refuses it."""
