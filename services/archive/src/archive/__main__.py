from archive.main import run

run()
