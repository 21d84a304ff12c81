PathManager = None
