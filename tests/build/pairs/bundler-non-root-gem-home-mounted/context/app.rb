puts "app"
