fn main() {
    println!("{}", dockerls_shout::shout());
}
