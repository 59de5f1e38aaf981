fn main() {
    println!("hello from moved");
}
