import isOdd from "is-odd";

console.log(isOdd(3));
