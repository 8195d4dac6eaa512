from review.main import run

run()
