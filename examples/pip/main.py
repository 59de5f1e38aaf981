print("hello from the pip example")
