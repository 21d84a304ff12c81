class BitMasks:
    pass


class Boxes:
    pass
