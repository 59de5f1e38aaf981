<?php
echo "app\n";
