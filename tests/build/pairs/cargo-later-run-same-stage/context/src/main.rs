fn main() {
    println!("hello from app");
}
